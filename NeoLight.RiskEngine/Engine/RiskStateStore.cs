using System.Text.Json;
using NeoLight.Storage;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// The state file: written whole to a temporary file in the same folder, flushed to disk, then renamed
/// over the old one, so a crash mid-write leaves either the old state or the new one, never half.
/// </summary>
public sealed partial class RiskStateStore(string path, ILogger<RiskStateStore> logger)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public RiskStateDocument? Load()
    {
        if (!File.Exists(Path)) return null;
        try
        {
            using var stream = File.OpenRead(Path);
            return JsonSerializer.Deserialize(stream, RiskStateJsonContext.Default.RiskStateDocument);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            // Only a foreign or damaged file gets here (our own writes are atomic): keep it for a person, start clean.
            var aside = Path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            File.Move(Path, aside, overwrite: true);
            LogUnreadable(ex, Path, aside);
            return null;
        }
    }

    /// <param name="document">The state to write.</param>
    /// <param name="flushToDisk">Also fsync before the rename, for changes a caller was promised are stored; the rename
    /// alone already survives a crash of the process, fsync adds surviving a crash of the machine.</param>
    public void Save(RiskStateDocument document, bool flushToDisk = true) =>
        AtomicFile.Write(Path, stream => JsonSerializer.Serialize(stream, document, RiskStateJsonContext.Default.RiskStateDocument),
            flushToDisk);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Risk state at {Path} is unreadable; moved to {Aside} and starting from an empty state.")]
    private partial void LogUnreadable(Exception ex, string path, string aside);
}

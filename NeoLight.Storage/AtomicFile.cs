namespace NeoLight.Storage;

/// <summary>
/// Replaces a file whole: the content goes to a temporary file in the same folder, then a rename puts it
/// in place, so a reader or a crash sees either the old file or the new one, never half of one.
/// </summary>
public static class AtomicFile
{
    /// <param name="path">The file to replace (its folder is created if missing).</param>
    /// <param name="write">Writes the new content to the stream it is given.</param>
    /// <param name="flushToDisk">Also fsync before the rename: the rename alone survives a crash of the process,
    /// fsync adds surviving a crash of the machine.</param>
    public static void Write(string path, Action<Stream> write, bool flushToDisk)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                write(stream);
                stream.Flush(flushToDisk);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            // A failed write leaves the old file as it was and no half-written temporary beside it.
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}

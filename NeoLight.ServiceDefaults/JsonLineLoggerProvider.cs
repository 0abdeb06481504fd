using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace NeoLight.ServiceDefaults;

/// <summary>
/// One JSON object per line (timestamp, level, category, message, trace_id, span_id, attributes,
/// exception) on the console and, when LOG_PATH is set, appended to that file too. Writes are
/// synchronous under a lock: log volume is low (request logs are filtered out) and nothing is dropped.
/// </summary>
public sealed class JsonLineLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _console;
    private readonly StreamWriter? _file;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, JsonLineLogger> _loggers = new();

    public JsonLineLoggerProvider(TextWriter console, string? filePath)
    {
        _console = console;
        if (filePath is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(filePath));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            _file = new StreamWriter(new FileStream(filePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite),
                new UTF8Encoding(false))
            {
                AutoFlush = true,
            };
        }
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new JsonLineLogger(name, this));

    internal void Write(string line)
    {
        lock (_gate)
        {
            _console.WriteLine(line);
            _file?.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_gate) _file?.Dispose();
    }

    private sealed class JsonLineLogger(string category, JsonLineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var buffer = new MemoryStream(256);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("timestamp", LogTime.Format(DateTimeOffset.UtcNow));
                json.WriteString("level", logLevel.ToString());
                json.WriteString("category", category);
                json.WriteString("message", formatter(state, exception));
                var activity = Activity.Current;
                if (activity is not null)
                {
                    json.WriteString("trace_id", activity.TraceId.ToHexString());
                    json.WriteString("span_id", activity.SpanId.ToHexString());
                }
                if (eventId.Id != 0) json.WriteNumber("event_id", eventId.Id);
                if (state is IReadOnlyList<KeyValuePair<string, object?>> properties && properties.Count > 1)
                {
                    json.WriteStartObject("attributes");
                    foreach (var (key, value) in properties)
                    {
                        if (key == "{OriginalFormat}") continue;
                        json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                    json.WriteEndObject();
                }
                if (exception is not null) json.WriteString("exception", exception.ToString());
                json.WriteEndObject();
            }
            provider.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }
}

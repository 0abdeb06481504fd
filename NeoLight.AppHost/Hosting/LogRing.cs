namespace NeoLight.Hosting;

public readonly record struct LogLine(long Sequence, DateTimeOffset Time, bool IsError, string Text);

/// <summary>The last lines a resource printed, bounded: old lines fall off, sequence numbers keep growing.</summary>
public sealed class LogRing(int capacity = 2000)
{
    private readonly LogLine[] _lines = new LogLine[capacity];
    private readonly Lock _gate = new();
    private long _next;

    public void Add(DateTimeOffset time, bool isError, string text)
    {
        lock (_gate)
        {
            _lines[_next % _lines.Length] = new LogLine(_next, time, isError, text);
            _next++;
        }
    }

    /// <summary>Lines with a sequence number greater than <paramref name="after"/>, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<LogLine> After(long after, int max = 500)
    {
        lock (_gate)
        {
            var first = Math.Max(Math.Max(after + 1, _next - _lines.Length), 0);
            var result = new List<LogLine>();
            for (var s = first; s < _next && result.Count < max; s++) result.Add(_lines[s % _lines.Length]);
            return result;
        }
    }

    public IReadOnlyList<string> Tail(int count)
    {
        lock (_gate)
        {
            var result = new List<string>();
            for (var s = Math.Max(0, _next - Math.Min(count, _lines.Length)); s < _next; s++) result.Add(_lines[s % _lines.Length].Text);
            return result;
        }
    }
}

using System.Numerics;

namespace NeoLight.AppHost.Validation;

/// <summary>
/// HdrHistogram-style latency recording: log-linear buckets (128 per power of two) of microseconds, so
/// any percentile is read to within 1 % with fixed memory, whatever the count; the maximum is exact.
/// Lock-free: many workers record at once.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 128;           // 2^7: relative precision 1/128 < 1 %
    private const int SubBits = 7;
    private readonly long[] _counts = new long[64 * SubBuckets];
    private long _count, _max, _sum;

    public long Count => Interlocked.Read(ref _count);
    public double MaxMicroseconds => Interlocked.Read(ref _max);
    public double MeanMicroseconds => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    public void Record(long microseconds)
    {
        var v = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[Index(v)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, v);
        long seen;
        while (v > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, v, seen) != seen) { }
    }

    // Values below 128 µs get a bucket each; above, each power of two is split into 128 equal parts.
    private static int Index(long v)
    {
        if (v < SubBuckets) return (int)v;
        var power = 63 - BitOperations.LeadingZeroCount((ulong)v); // ≥ 7
        var shift = power - SubBits;
        return (shift + 1) * SubBuckets + (int)((v >> shift) - SubBuckets);
    }

    private static double UpperBound(int index)
    {
        if (index < SubBuckets) return index;
        var shift = index / SubBuckets - 1;
        var sub = index % SubBuckets + SubBuckets;
        return ((long)(sub + 1) << shift) - 1;
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of the requests finished.</summary>
    public double Percentile(double percentile)
    {
        var total = Count;
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(percentile / 100 * total);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(UpperBound(i), MaxMicroseconds);
        }
        return MaxMicroseconds;
    }
}

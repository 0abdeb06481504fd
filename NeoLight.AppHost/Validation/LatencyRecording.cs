using HdrHistogram;

namespace NeoLight.AppHost.Validation;

/// <summary>
/// Request latencies in HdrHistogram: microseconds from 1 µs to an hour at three significant digits (0.1 %), recorded by
/// many workers at once; a value beyond the range is recorded as the range's top rather than lost.
/// </summary>
public static class LatencyRecording
{
    public const long MaxMicroseconds = 3_600_000_000;

    public static LongConcurrentHistogram Create() => new(1, MaxMicroseconds, 3);

    public static void Record(HistogramBase histogram, long microseconds) => histogram.RecordValue(Math.Clamp(microseconds, 0, MaxMicroseconds));
}

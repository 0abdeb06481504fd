using HdrHistogram;

namespace NeoLight.Validation;

/// <summary>
/// Request latencies in HdrHistogram: microseconds from 1 µs to an hour at three significant digits (0.1 %); a value beyond
/// the range is recorded as the range's top rather than lost. Each load worker records into its own histogram and they
/// are added up at the end (HdrHistogram's concurrent variant, read right after concurrent writers, could refuse a
/// percentile: "percentile value not found in range").
/// </summary>
public static class LatencyRecording
{
    public const long MaxMicroseconds = 3_600_000_000;

    public static LongHistogram Create() => new(1, MaxMicroseconds, 3);

    public static void Record(HistogramBase histogram, long microseconds) =>
        histogram.RecordValue(Math.Clamp(microseconds, 0, MaxMicroseconds));
}

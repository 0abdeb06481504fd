using HdrHistogram;
using System.Diagnostics;

namespace NeoLight.Validation;

/// <summary>One endpoint under load: how many, how fast, how spread, and what went wrong by kind.</summary>
public sealed record LoadResult(string Name, long Requests, long Succeeded, TimeSpan Elapsed, double P50Ms, double P90Ms, double P99Ms,
    double MaxMs, double MeanMs, IReadOnlyDictionary<string, long> Errors)
{
    public double RequestsPerSecond => Elapsed.TotalSeconds > 0 ? Requests / Elapsed.TotalSeconds : 0;
    public double ErrorRate => Requests == 0 ? 0 : (Requests - Succeeded) / (double)Requests;
}

/// <summary>
/// A closed-loop load: <c>concurrency</c> workers each send a request, wait for the answer, send the next,
/// until <c>requests</c> have been sent (or, in duration mode, until time is up). Its own connection pool,
/// no retries or resilience: what is measured is the service. Errors are counted by kind (HTTP status or
/// exception type); a non-2xx is an error.
/// </summary>
public static class LoadGenerator
{
    public static HttpClient CreateClient(int concurrency, HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        }) { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<LoadResult> RunAsync(string name, HttpClient client, Func<HttpRequestMessage> request, int requests,
        int concurrency,
        TimeSpan? duration = null, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var histograms = new System.Collections.Concurrent.ConcurrentBag<LongHistogram>();
        long recorded = 0;
        var errors = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        long issued = 0, succeeded = 0;
        var clock = Stopwatch.StartNew();
        var deadline = duration is { } d ? clock.Elapsed + d : TimeSpan.MaxValue;

        async Task Worker()
        {
            var histogram = LatencyRecording.Create();
            histograms.Add(histogram);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (duration is null) { if (Interlocked.Increment(ref issued) > requests) return; }
                else { if (clock.Elapsed >= deadline) return; Interlocked.Increment(ref issued); }
                var started = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    using var message = request();
                    using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode}";
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    error = ex is TaskCanceledException ? "timeout" : ex.GetType().Name;
                }
                LatencyRecording.Record(histogram, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (error is null) Interlocked.Increment(ref succeeded);
                else errors.AddOrUpdate(error, 1, (_, n) => n + 1);
                progress?.Invoke(Interlocked.Increment(ref recorded));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(Worker, cancellationToken)));
        clock.Stop();
        var all = LatencyRecording.Create();
        foreach (var part in histograms) all.Add(part);
        return new LoadResult(name, all.TotalCount, Interlocked.Read(ref succeeded), clock.Elapsed,
            all.GetValueAtPercentile(50) / 1000.0, all.GetValueAtPercentile(90) / 1000.0,
            all.GetValueAtPercentile(99) / 1000.0, all.GetMaxValue() / 1000.0, all.GetMean() / 1000,
            new Dictionary<string, long>(errors));
    }
}

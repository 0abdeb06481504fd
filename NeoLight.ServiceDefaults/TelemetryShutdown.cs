using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Flushes and shuts the OpenTelemetry providers down within a bound when the host stops. The exporter retries an
/// unreachable collector with back-off, and under Aspire the collector (its dashboard) stops first: unbounded, the
/// providers' disposal waited out those retries and a service took 6 s to exit, until the orchestrator killed it.
/// Registered first, so it stops last (after everything else has logged its shutdown). The bound is short: a last export
/// to a live collector over loopback takes milliseconds, and under Aspire every 100 ms a service spends here delays the
/// orchestrator's own exit (bench/first-minutes.sh: 500 ms gave 3.8–4.3 s from Ctrl+C to nothing left, 100 ms 3.3 s).
/// </summary>
internal sealed class TelemetryShutdown(IServiceProvider services) : IHostedService
{
    private const int TimeoutMilliseconds = 100;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // In parallel: each provider's exporter may be waiting on the same dead collector.
        Task.WaitAll(
            Task.Run(() => services.GetService<TracerProvider>()?.Shutdown(TimeoutMilliseconds), CancellationToken.None),
            Task.Run(() => services.GetService<MeterProvider>()?.Shutdown(TimeoutMilliseconds), CancellationToken.None),
            Task.Run(() => services.GetService<LoggerProvider>()?.Shutdown(TimeoutMilliseconds), CancellationToken.None));
        return Task.CompletedTask;
    }
}

using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NeoLight.AppHost.Extensions;

public static class ReadinessProbeExtensions
{
    /// <summary>
    /// Aspire's health probe of a service on <paramref name="path"/>, answering as soon as the service does. Aspire
    /// probes a resource that is not yet healthy 1, 2, 3… s apart, so a service ready 1.1 s after its start was seen
    /// ready at 3 s, and the services that wait for it started a wave later. This probe keeps asking, 10 times a
    /// second, for up to <see cref="ReadinessProbe.Patience"/> before it answers Unhealthy.
    /// </summary>
    public static IResourceBuilder<T> WithReadinessProbe<T>(this IResourceBuilder<T> builder, string path)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.Resource.GetEndpoint("http");
        var key = $"{builder.Resource.Name}_ready";
        builder.ApplicationBuilder.Services.AddHttpClient(key, client => client.Timeout = TimeSpan.FromSeconds(2));
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key,
            services => new ReadinessProbe(endpoint, path, services.GetRequiredService<IHttpClientFactory>().CreateClient(key)),
            failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }
}

/// <summary>Healthy when <c>GET path</c> on the endpoint answers 200 within <see cref="Patience"/>.</summary>
internal sealed class ReadinessProbe(EndpointReference endpoint, string path, HttpClient client) : IHealthCheck
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            string failure;
            try
            {
                using var response = await client.GetAsync(new Uri(new Uri(endpoint.Url), path), cancellationToken);
                if ((int)response.StatusCode == 200) return HealthCheckResult.Healthy();
                failure = $"{path} answered {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException
                && !cancellationToken.IsCancellationRequested)
            {
                failure = $"{path}: {ex.Message}";
            }
            if (Stopwatch.GetElapsedTime(started) + Step > Patience) return HealthCheckResult.Unhealthy(failure);
            await Task.Delay(Step, cancellationToken);
        }
    }
}

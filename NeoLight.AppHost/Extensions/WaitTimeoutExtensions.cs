using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using NeoLight.AppHost.Extensions;

namespace NeoLight.AppHost.Extensions;

public static class WaitTimeoutExtensions
{
    public const string TimeoutSetting = "AppHost:WaitForTimeoutSeconds";
    public const int DefaultTimeoutSeconds = 60;

    /// <summary>
    /// Bounds the resource's <c>WaitFor</c>s: a dependency that is not ready within <paramref name="timeout"/>
    /// (default <c>AppHost:WaitForTimeoutSeconds</c>, 60) fails this resource with a message naming the dependency
    /// and its state, instead of leaving it Waiting forever. Runs Aspire's own dependency wait, under a deadline.
    /// </summary>
    public static IResourceBuilder<T> WithWaitTimeout<T>(this IResourceBuilder<T> builder, TimeSpan? timeout = null)
        where T : IResourceWithWaitSupport
    {
        var limit = timeout ?? TimeSpan.FromSeconds(Seconds(builder.ApplicationBuilder.Configuration));
        // Subscribed while building, so it runs before Aspire's own WaitFor handler (subscribed when the app starts).
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(builder.Resource, async (e, cancellationToken) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            try
            {
                await notifications.WaitForDependenciesAsync(e.Resource, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var message = await TimeoutMessageAsync(e.Resource, limit, notifications);
                e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(e.Resource).LogError("{Message}", message);
                e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NeoLight.AppHost").LogError("{Message}", message);
                await notifications.PublishUpdateAsync(e.Resource,
                    s => s with { Properties = s.Properties.With(ResourceProperties.Failure, message) });
                throw new DistributedApplicationException(message);
            }
        });
        return builder;
    }

    private static int Seconds(IConfiguration configuration)
    {
        var raw = configuration[TimeoutSetting];
        if (string.IsNullOrWhiteSpace(raw)) return DefaultTimeoutSeconds;
        return int.TryParse(raw, out var seconds) && seconds > 0
            ? seconds
            : throw new DistributedApplicationException($"{TimeoutSetting}='{raw}' must be a whole number of seconds above 0.");
    }

    /// <summary>Names every dependency that is not ready yet, with its state and health as Aspire last reported them.</summary>
    internal static async Task<string> TimeoutMessageAsync(IResource resource, TimeSpan limit, ResourceNotificationService notifications)
    {
        var pending = new List<string>();
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            var dependency = wait.Resource;
            var current = await notifications.LatestAsync(dependency.Name);
            var state = current?.Snapshot.State?.Text ?? "not started";
            var health = current?.Snapshot.HealthStatus?.ToString() ?? "unknown";
            var ready = wait.WaitType switch
            {
                WaitType.WaitUntilStarted => state == KnownResourceStates.Running,
                WaitType.WaitForCompletion => KnownResourceStates.TerminalStates.Contains(state),
                _ => state == KnownResourceStates.Running && current?.Snapshot.HealthStatus == HealthStatus.Healthy,
            };
            if (!ready) pending.Add($"'{dependency.Name}' (state {state}, health {health})");
        }
        var what = pending.Count > 0 ? string.Join(", ", pending) : "its dependencies";
        return $"'{resource.Name}' gave up after waiting {limit.TotalSeconds:0.#} s for {what} to be ready. " +
               $"Look at that resource's console log, or raise {TimeoutSetting}.";
    }
}

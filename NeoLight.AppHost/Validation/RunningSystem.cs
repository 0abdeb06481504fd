using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace NeoLight.AppHost.Validation;

/// <summary>The validation targets of a system Aspire runs: each project's http endpoint and its current process.</summary>
internal static class RunningSystem
{
    public const string PidProperty = "executable.pid";

    public static List<ValidationTarget> Targets(IServiceProvider services, IReadOnlyDictionary<string, double>? secondsToHealthy = null)
    {
        var model = services.GetRequiredService<DistributedApplicationModel>();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var targets = new List<ValidationTarget>();
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            var endpoint = project.GetEndpoint("http");
            if (!endpoint.Exists || !endpoint.IsAllocated) continue;
            targets.Add(new ValidationTarget(project.Name, new Uri(endpoint.Url))
            {
                SecondsToHealthy = secondsToHealthy?.GetValueOrDefault(project.Name),
                Pid = cancellationToken => PidAsync(notifications, project.Name, cancellationToken),
            });
        }
        return targets;
    }

    /// <summary>The latest snapshot Aspire holds for the resource (notifications replay it at once), or null.</summary>
    public static async Task<ResourceEvent?> LatestAsync(ResourceNotificationService notifications, string name, CancellationToken cancellationToken)
    {
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quick.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            return await notifications.WaitForResourceAsync(name, _ => true, quick.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public static async Task<int?> PidAsync(ResourceNotificationService notifications, string name, CancellationToken cancellationToken) =>
        (await LatestAsync(notifications, name, cancellationToken))?.Snapshot is { } snapshot ? Pid(snapshot) : null;

    public static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value switch
        {
            int i => i,
            long l => (int)l,
            string s when int.TryParse(s, out var parsed) => parsed,
            _ => null,
        };
}

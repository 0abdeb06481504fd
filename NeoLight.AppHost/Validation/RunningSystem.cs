using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using NeoLight.AppHost.Extensions;

using NeoLight.Validation;

namespace NeoLight.AppHost.Validation;

/// <summary>The validation targets of a system Aspire runs: each project's http endpoint and its current process.</summary>
internal static class RunningSystem
{
    public static async Task<List<ValidationTarget>> TargetsAsync(IServiceProvider services,
        IReadOnlyDictionary<string, double>? secondsToHealthy = null, CancellationToken cancellationToken = default)
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
                ApiKey = await project.ApiKeyAsync(cancellationToken),
                Pid = async cancellationToken => (await notifications.LatestAsync(project.Name, cancellationToken))?.Snapshot.ProcessId(),
            });
        }
        return targets;
    }
}

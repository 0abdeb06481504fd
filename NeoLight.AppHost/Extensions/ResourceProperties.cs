using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

/// <summary>
/// The properties NeoLight's extensions add to a resource's snapshot (shown in the Aspire dashboard's details), and
/// what they read back from Aspire's snapshots.
/// </summary>
public static class ResourceProperties
{
    /// <summary>Why the resource failed: a crash loop (exit code, last output) or a WaitFor timeout (the dependency, its state).</summary>
    public const string Failure = "neolight.failure";
    /// <summary>How many times the restart policy has started the resource again.</summary>
    public const string Restarts = "neolight.restarts";
    /// <summary>Aspire's own property: the process id of an executable or project.</summary>
    public const string Pid = "executable.pid";

    /// <summary><paramref name="properties"/> with <paramref name="name"/> set to <paramref name="value"/> (replaced if present).</summary>
    public static ImmutableArray<ResourcePropertySnapshot> With(this ImmutableArray<ResourcePropertySnapshot> properties, string name,
        object value) =>
        [.. properties.Where(p => p.Name != name), new(name, value)];

    /// <summary>The latest snapshot Aspire holds for the resource (notifications replay it at once), or null when it has none.</summary>
    public static async Task<ResourceEvent?> LatestAsync(this ResourceNotificationService notifications, string name,
        CancellationToken cancellationToken = default)
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

    /// <summary>The process id in a snapshot, or null when it has none (not started, or not a process).</summary>
    public static int? ProcessId(this CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == Pid)?.Value switch
        {
            int i => i,
            long l => (int)l,
            string s when int.TryParse(s, out var parsed) => parsed,
            _ => null,
        };
}

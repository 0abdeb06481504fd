namespace NeoLight.Hosting;

/// <summary>What `dotnet run --project NeoLight.AppHost` prints: each resource's output prefixed with its name, then a table of resources.</summary>
internal sealed class ConsoleReporter(DistributedApplication app)
{
    private static readonly string[] Colors = ["\u001b[36m", "\u001b[35m", "\u001b[33m", "\u001b[32m", "\u001b[34m", "\u001b[91m", "\u001b[96m"];
    private const string Reset = "\u001b[0m";
    private readonly bool _color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private readonly Dictionary<string, string> _assigned = [];
    private readonly Lock _gate = new();

    public void ResourceOutput(string resource, bool isError, string line)
    {
        lock (_gate)
        {
            if (!_assigned.TryGetValue(resource, out var color)) _assigned[resource] = color = Colors[_assigned.Count % Colors.Length];
            var prefix = resource.PadRight(12)[..12];
            Console.WriteLine(_color ? $"{color}{prefix}|{Reset} {line}" : $"{prefix}| {line}");
        }
    }

    public void Starting()
    {
        Console.WriteLine($"NeoLight AppHost: starting {app.Supervisors.Count} resources"
                          + (app.DashboardUrl is { } url ? $"; orchestration dashboard {url}" : ""));
    }

    public void AllHealthy()
    {
        var snapshots = app.ResourceNotifications.All();
        var first = snapshots.Min(s => s.StartedAt) ?? DateTimeOffset.UtcNow;
        lock (_gate)
        {
            Console.WriteLine();
            Console.WriteLine($"NeoLight is up. Orchestration dashboard: {app.DashboardUrl?.ToString() ?? "(off)"}");
            Console.WriteLine($"  {"resource",-14}{"state",-10}{"health",-10}{"pid",-8}{"healthy after",-15}url");
            foreach (var s in snapshots.OrderBy(s => s.HealthyAt))
            {
                var after = s.HealthyAt is { } h ? $"{(h - first).TotalSeconds:0.0} s" : "-";
                Console.WriteLine($"  {s.Name,-14}{s.State,-10}{s.Health,-10}{s.Pid,-8}{after,-15}{string.Join(' ', s.Urls)}");
            }
            Console.WriteLine("Press Ctrl+C to stop.");
            Console.WriteLine();
        }
    }

    public void Failed(ResourceFailedException failed)
    {
        lock (_gate) Console.Error.WriteLine($"NeoLight AppHost: {failed.Resource} did not start: {failed.Reason}");
    }

    public void PortConflict(PortConflictException conflict)
    {
        lock (_gate) Console.Error.WriteLine($"NeoLight AppHost cannot start:{Environment.NewLine}{conflict.Message}");
    }

    public void Stopping()
    {
        lock (_gate) Console.WriteLine("NeoLight AppHost: stopping resources in reverse start order…");
    }
}

namespace NeoLight.Hosting;

/// <summary>Aspire's resource states, by the same names.</summary>
public enum ResourceState { NotStarted, Waiting, Starting, Running, Exited, FailedToStart, Finished }

public enum HealthStatus { Unknown, Healthy, Unhealthy }

/// <summary>An HTTP endpoint: the port the resource listens on and the variable that tells it which.</summary>
public sealed record EndpointAnnotation(string Name, int Port, string? EnvironmentVariable, int? TargetPort = null)
{
    public int ListenPort => TargetPort ?? Port;
}

/// <summary>How a resource that exits unexpectedly is restarted (Aspire has none; its users ask for it).</summary>
public sealed record RestartPolicy
{
    public static readonly RestartPolicy Default = new();
    public static readonly RestartPolicy Never = new() { Enabled = false };

    public bool Enabled { get; init; } = true;
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>This many exits within <see cref="CrashLoopWindow"/> is a crash loop: restarting stops.</summary>
    public int CrashLoopExits { get; init; } = 5;
    public TimeSpan CrashLoopWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Exponential back-off: the first restart after <see cref="InitialDelay"/>, doubling, capped.</summary>
    public TimeSpan DelayBeforeRestart(int restartNumber)
    {
        var factor = Math.Pow(2, Math.Max(0, restartNumber - 1));
        var delay = TimeSpan.FromMilliseconds(Math.Min(InitialDelay.TotalMilliseconds * factor, MaxDelay.TotalMilliseconds));
        return delay;
    }

    /// <summary>True when the exits (times) include <see cref="CrashLoopExits"/> within the window ending now.</summary>
    public bool IsCrashLoop(IReadOnlyList<DateTimeOffset> exits, DateTimeOffset now) =>
        exits.Count(t => now - t <= CrashLoopWindow) >= CrashLoopExits;
}

/// <summary>A wait dependency: this resource starts only once <see cref="Resource"/> is healthy, or fails after <see cref="Timeout"/>.</summary>
public sealed record WaitAnnotation(Resource Resource, TimeSpan? Timeout);

/// <summary>
/// Something the AppHost runs: a project (its built assembly, run as <c>dotnet &lt;dll&gt;</c>) or an executable.
/// Annotations are what Aspire calls them: endpoints, environment, arguments, health check, waits, references.
/// </summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;
    public List<EndpointAnnotation> Endpoints { get; } = [];
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    public List<string> Arguments { get; } = [];
    public List<WaitAnnotation> Waits { get; } = [];
    public List<Resource> References { get; } = [];
    public string? HealthPath { get; set; }
    public int Replicas { get; set; } = 1;
    public RestartPolicy RestartPolicy { get; set; } = RestartPolicy.Default;
    public string? WorkingDirectory { get; set; }

    public abstract string Type { get; }

    /// <summary>The program and its leading arguments.</summary>
    public abstract (string FileName, IReadOnlyList<string> Arguments) Command();
}

public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    public IProjectMetadata Project { get; } = project;
    public override string Type => "Project";
    public override (string, IReadOnlyList<string>) Command() => ("dotnet", [Project.AssemblyPath]);
}

public sealed class ExecutableResource(string name, string command, IReadOnlyList<string> leadingArguments) : Resource(name)
{
    public override string Type => "Executable";
    public override (string, IReadOnlyList<string>) Command() => (command, leadingArguments);
}

/// <summary>What the build records of each referenced project (Aspire generates the same as <c>Projects.*</c>).</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }
    string AssemblyPath { get; }
}

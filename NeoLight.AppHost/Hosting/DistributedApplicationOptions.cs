namespace NeoLight.Hosting;

/// <summary>How the AppHost runs its resources. Every member can be set from configuration (README).</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>Give every endpoint a free port instead of its declared one (the testing builder does).</summary>
    public bool AssignRandomPorts { get; set; }
    /// <summary>Port of the orchestration dashboard (<c>AppHost:DashboardPort</c>, 18888); null serves none.</summary>
    public int? DashboardPort { get; set; } = 18888;
    /// <summary>How long WaitFor waits by default (<c>AppHost:WaitForTimeoutSeconds</c>, 60).</summary>
    public TimeSpan WaitForTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan StartupProbeInterval { get; set; } = TimeSpan.FromMilliseconds(150);
    /// <summary>Where resources run when they name no directory of their own.</summary>
    public string? WorkingDirectory { get; set; }
    /// <summary>When set (testing), every resource runs in its own folder below it, and the folder is deleted on dispose.</summary>
    public string? TemporaryRoot { get; set; }
    /// <summary>Where services send OTLP: an external backend (OTEL_EXPORTER_OTLP_ENDPOINT), else the AppHost's own receiver.</summary>
    public string? OtlpEndpoint { get; set; }
    /// <summary>Port of the AppHost's OTLP/HTTP receiver (<c>AppHost:OtlpPort</c>, 18890); null runs none.</summary>
    public int? OtlpPort { get; set; } = 18890;
    /// <summary>When set (<c>AppHost:OtlpApiKey</c>), the receiver requires it in <c>x-otlp-api-key</c>; services are given it.</summary>
    public string? OtlpApiKey { get; set; }
    public string? EnvironmentName { get; set; }
    /// <summary>Where each line a resource prints goes besides its ring buffer (the terminal, prefixed, when run).</summary>
    public Action<string, bool, string>? OutputSink { get; set; }
}

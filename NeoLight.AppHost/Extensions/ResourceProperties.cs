namespace NeoLight.AppHost.Extensions;

/// <summary>The properties NeoLight's extensions add to a resource's snapshot (shown in the Aspire dashboard's details).</summary>
public static class ResourceProperties
{
    /// <summary>Why the resource failed: a crash loop (exit code, last output) or a WaitFor timeout (the dependency, its state).</summary>
    public const string Failure = "neolight.failure";
    /// <summary>How many times the restart policy has started the resource again.</summary>
    public const string Restarts = "neolight.restarts";
}

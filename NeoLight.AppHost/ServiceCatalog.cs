using System.Reflection;

namespace NeoLight.AppHost;

/// <summary>The built assemblies of the services this AppHost references, recorded at build time.</summary>
public static class ServiceCatalog
{
    private const string Prefix = "neolight-project:";

    public static string PathOf(string projectName) =>
        typeof(ServiceCatalog).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == Prefix + projectName)?.Value
        ?? throw new InvalidOperationException($"{projectName} is not referenced by NeoLight.AppHost.");
}

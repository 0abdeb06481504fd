using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

// WithoutHttpsCertificate is an evaluation API in Aspire 13.6, and the one switch that drops the certificate callback.
#pragma warning disable ASPIRECERTIFICATES001
public static class NeoLightServiceExtensions
{
    /// <summary>
    /// One of NeoLight's services, set up the one way all of them are: started from its built executable, on its fixed port
    /// (overridable), probed on <c>/health</c>, given the API key, restarted when it falls over. The services speak plain http
    /// on loopback, so no development certificate is handed to them (without this Aspire warns on every page that none is
    /// trusted, although nothing would use it).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddNeoLightService<TProject>(this IDistributedApplicationBuilder builder, string name,
        int port, string portVariable, IResourceBuilder<ParameterResource> apiKey) where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithoutHttpsCertificate()
            .WithBuiltExecutable()
            .WithServiceEndpoint(port, env: portVariable)
            .WithReadinessProbe("/health")
            .WithApiKey(apiKey)
            .WithRestartPolicy();
}

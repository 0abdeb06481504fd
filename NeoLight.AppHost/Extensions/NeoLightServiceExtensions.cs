using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

public static class NeoLightServiceExtensions
{
    /// <summary>
    /// One of NeoLight's services, set up the one way all of them are: started from its built executable, on its fixed port
    /// (overridable), probed on <c>/health</c>, given the API key, restarted when it falls over.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddNeoLightService<TProject>(this IDistributedApplicationBuilder builder, string name,
        int port, string portVariable, IResourceBuilder<ParameterResource> apiKey) where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithBuiltExecutable()
            .WithServiceEndpoint(port, env: portVariable)
            .WithHttpHealthCheck("/health")
            .WithApiKey(apiKey)
            .WithRestartPolicy();
}

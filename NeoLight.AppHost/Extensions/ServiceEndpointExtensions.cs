using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Lifecycle;
using NeoLight.AppHost.Extensions;

namespace NeoLight.AppHost.Extensions;

public static class ServiceEndpointExtensions
{
    /// <summary>
    /// The service's fixed http port (so the original's curl commands keep working), overridable without editing
    /// Program.cs as <c>Resources:&lt;name&gt;:Port</c>; the port the service itself listens on is passed in
    /// <paramref name="env"/>. Before anything starts, every fixed port is checked to be free (<see cref="PortConflictCheck"/>).
    /// </summary>
    public static IResourceBuilder<T> WithServiceEndpoint<T>(this IResourceBuilder<T> builder, int defaultPort, string env)
        where T : IResourceWithEndpoints, IResourceWithEnvironment
    {
        var key = $"Resources:{builder.Resource.Name}:Port";
        var raw = builder.ApplicationBuilder.Configuration[key];
        var port = defaultPort;
        if (!string.IsNullOrWhiteSpace(raw) && (!int.TryParse(raw, out port) || port is < 1 or > 65535))
            throw new DistributedApplicationException($"{key}='{raw}' is not a TCP port (1-65535).");
        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<PortConflictCheck>();
        return builder.WithHttpEndpoint(port: port, env: env);
    }
}

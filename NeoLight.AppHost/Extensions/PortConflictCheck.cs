using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Configuration;

namespace NeoLight.AppHost.Extensions;

/// <summary>A fixed port that another process holds, named with its resource and how to move it.</summary>
public sealed class PortConflictException(string message) : DistributedApplicationException(message);

/// <summary>
/// Before Aspire starts anything, tries every fixed port of the model (and the Aspire dashboard's) on loopback.
/// A taken port fails the start with one message naming each port, its resource and the override — instead of a
/// proxy error deep inside DCP once half the system is up.
/// </summary>
internal sealed class PortConflictCheck(IConfiguration configuration) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        // With randomized ports (tests, validate) nothing is fixed, so nothing can clash.
        if (executionContext.IsRunMode && !configuration.GetValue("DcpPublisher:RandomizePorts", false))
            eventing.Subscribe<BeforeStartEvent>((e, _) => CheckAsync(e.Model));
        return Task.CompletedTask;
    }

    private Task CheckAsync(DistributedApplicationModel model)
    {
        var problems = new List<string>();
        foreach (var resource in model.Resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                if (endpoint.Port is not { } port || IsFree(port)) continue;
                problems.Add(resource.Name == AspireDashboardResource
                    ? $"port {port} of the Aspire dashboard ({endpoint.Name}) is already in use (another AppHost?). Stop it, or set " +
                      $"{AspireDashboardSetting(endpoint.Name)} to another address, e.g. "
                      + $"{AspireDashboardSetting(endpoint.Name)}=http://localhost:{port + 1000}."
                    : $"port {port} of '{resource.Name}' is already in use. Stop what holds it (is NeoLight already running?) " +
                      $"or move '{resource.Name}': --Resources:{resource.Name}:Port=<port> on the command line, " +
                      $"or Resources__{resource.Name}__Port=<port> in the environment.");
            }
        }
        return problems.Count == 0
            ? Task.CompletedTask
            : throw new PortConflictException("NeoLight cannot start: " + string.Join(Environment.NewLine + "  ", problems));
    }

    private const string AspireDashboardResource = "aspire-dashboard";

    private static string AspireDashboardSetting(string endpoint) => endpoint switch
    {
        "otlp-grpc" => "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL",
        "otlp-http" => "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL",
        _ => "ASPNETCORE_URLS",
    };

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.ExclusiveAddressUse = true;
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

namespace NeoLight.Hosting;

/// <summary>One running copy of a resource (replica <see cref="Replica"/>), with the ports it was given.</summary>
public sealed class ResourceInstance(Resource resource, int replica, IReadOnlyList<(EndpointAnnotation Endpoint, int Port)> ports)
{
    public Resource Resource { get; } = resource;
    public int Replica { get; } = replica;
    public IReadOnlyList<(EndpointAnnotation Endpoint, int Port)> Ports { get; } = ports;
    public string Name => Replica == 0 ? Resource.Name : $"{Resource.Name}-{Replica}";
    public string InstanceId { get; } = $"{resource.Name}-{Guid.NewGuid().ToString("N")[..8]}";

    public IReadOnlyList<string> Urls => [.. Ports.Select(p => $"http://127.0.0.1:{p.Port}")];
}

/// <summary>
/// What each process is given, as Aspire gives it: its port variable and ASPNETCORE_URLS on loopback,
/// services__{name}__{endpoint}__{i} per reference (read by Microsoft.Extensions.ServiceDiscovery),
/// the OpenTelemetry variables, and the AppHost's pid so it can leave when the AppHost is gone.
/// </summary>
public static class ResourceEnvironment
{
    public static Dictionary<string, string> For(ResourceInstance instance, IReadOnlyDictionary<Resource, IReadOnlyList<ResourceInstance>> instances,
        DistributedApplicationOptions options, int appHostPid)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (endpoint, port) in instance.Ports)
            if (endpoint.EnvironmentVariable is { } variable) env[variable] = (endpoint.TargetPort ?? port).ToString();
        if (instance.Resource is ProjectResource && instance.Ports.Count > 0)
            env["ASPNETCORE_URLS"] = string.Join(';', instance.Ports.Select(p => $"http://127.0.0.1:{p.Endpoint.TargetPort ?? p.Port}"));

        foreach (var reference in instance.Resource.References)
        {
            if (!instances.TryGetValue(reference, out var targets)) continue;
            foreach (var target in targets)
                foreach (var (endpoint, port) in target.Ports)
                    env[$"services__{reference.Name}__{endpoint.Name}__{target.Replica}"] = $"http://127.0.0.1:{port}";
        }

        env["OTEL_SERVICE_NAME"] = instance.Resource.Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instance.InstanceId}";
        if (!string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = options.OtlpEndpoint;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            // Short export intervals, as Aspire sets them in development: telemetry shows up within a second.
            env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            if (options.OtlpApiKey is { } key) env["OTEL_EXPORTER_OTLP_HEADERS"] = $"{Telemetry.OtlpReceiver.ApiKeyHeader}={key}";
        }
        env["NEOLIGHT_PARENT_PID"] = appHostPid.ToString();
        if (options.EnvironmentName is { } environmentName)
        {
            env["DOTNET_ENVIRONMENT"] = environmentName;
            env["ASPNETCORE_ENVIRONMENT"] = environmentName;
        }
        foreach (var (name, value) in instance.Resource.Environment) env[name] = value;
        return env;
    }
}

namespace NeoLight.Hosting;

/// <summary>Aspire's fluent handle on a resource being declared.</summary>
public interface IResourceBuilder<out T> where T : Resource
{
    T Resource { get; }
    IDistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, IDistributedApplicationBuilder builder) : IResourceBuilder<T> where T : Resource
{
    public T Resource { get; } = resource;
    public IDistributedApplicationBuilder ApplicationBuilder { get; } = builder;
}

/// <summary>The declaration methods, with Aspire's names and meaning.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>
    /// An HTTP endpoint on <paramref name="port"/> (overridable from configuration: <c>Resources:{name}:Port</c>),
    /// told to the resource in <paramref name="env"/> and in ASPNETCORE_URLS.
    /// </summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null,
        string name = "http", string? env = null) where T : Resource
    {
        var configured = builder.ApplicationBuilder.Configuration[$"Resources:{builder.Resource.Name}:Port"];
        var chosen = int.TryParse(configured, out var overridePort) ? overridePort : port ?? 0;
        builder.Resource.Endpoints.Add(new EndpointAnnotation(name, chosen, env, targetPort));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : Resource
    {
        builder.Resource.Environment[name] = value;
        return builder;
    }

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args) where T : Resource
    {
        builder.Resource.Arguments.AddRange(args);
        return builder;
    }

    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : Resource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>Readiness: the resource is Healthy while GET <paramref name="path"/> answers 2xx.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health") where T : Resource
    {
        builder.Resource.HealthPath = path;
        return builder;
    }

    /// <summary>Start only once <paramref name="dependency"/> is healthy; give up after <paramref name="timeout"/> (default: the AppHost's).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency, TimeSpan? timeout = null)
        where T : Resource
    {
        builder.Resource.Waits.Add(new WaitAnnotation(dependency.Resource, timeout));
        return builder;
    }

    /// <summary>Service discovery: the resource gets <c>services__{other}__http__{i}</c> for each of the other's endpoints.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> other) where T : Resource
    {
        builder.Resource.References.Add(other.Resource);
        return builder;
    }

    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, RestartPolicy policy) where T : Resource
    {
        builder.Resource.RestartPolicy = policy;
        return builder;
    }

    public static IResourceBuilder<T> WithWorkingDirectory<T>(this IResourceBuilder<T> builder, string directory) where T : Resource
    {
        builder.Resource.WorkingDirectory = directory;
        return builder;
    }
}

using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The API key a resource was given, so that the AppHost's own commands and checks can send it.</summary>
public sealed class ApiKeyAnnotation(ParameterResource key) : IResourceAnnotation
{
    public ParameterResource Key { get; } = key;
}

public static class ApiKeyExtensions
{
    public const string ParameterName = "api-key";
    // The services' names for it (NeoLight.ServiceDefaults.ApiKeys, which the AppHost does not reference).
    public const string Variable = "NEOLIGHT_API_KEY";
    public const string Header = "X-Api-Key";

    /// <summary>
    /// The key every service requires on its state-changing endpoints: NEOLIGHT_API_KEY from the AppHost's environment
    /// when set (so a person knows it), else a fresh random one each run — a secret parameter, shown in Aspire's dashboard.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddApiKey(this IDistributedApplicationBuilder builder) =>
        builder.Configuration[Variable] is { Length: > 0 } given
            ? builder.AddParameter(ParameterName, given, secret: true)
            : builder.AddParameter(ParameterName, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

    public static IResourceBuilder<T> WithApiKey<T>(this IResourceBuilder<T> builder, IResourceBuilder<ParameterResource> key)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(Variable, key).WithAnnotation(new ApiKeyAnnotation(key.Resource));

    /// <summary>The key <paramref name="resource"/> requires, or null when it was given none.</summary>
    public static async Task<string?> ApiKeyAsync(this IResource resource, CancellationToken cancellationToken = default) =>
        resource.TryGetLastAnnotation<ApiKeyAnnotation>(out var annotation) ? await annotation.Key.GetValueAsync(cancellationToken) : null;
}

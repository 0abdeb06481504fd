using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using NeoLight.Contracts;

namespace NeoLight.AppHost.Extensions;

/// <summary>The API key a resource was given, so that the AppHost's own commands and checks can send it.</summary>
public sealed class ApiKeyAnnotation(ParameterResource key) : IResourceAnnotation
{
    public ParameterResource Key { get; } = key;
}

public static class ApiKeyExtensions
{
    public const string ParameterName = "api-key";
    // The services' name for it (NeoLight.Http.ApiKeys, which the AppHost does not reference); the header is WireHeaders.ApiKey.
    public const string Variable = "NEOLIGHT_API_KEY";

    /// <summary>
    /// The key every service requires on its state-changing endpoints: NEOLIGHT_API_KEY from the AppHost's environment
    /// when set (so a person knows it), else a fresh random one each run — a secret parameter, shown in Aspire's dashboard.
    /// </summary>
    /// In run mode the terminal says how to use it, beside Aspire's login URL.
    public static IResourceBuilder<ParameterResource> AddApiKey(this IDistributedApplicationBuilder builder)
    {
        var key = builder.Configuration[Variable] is { Length: > 0 } given
            ? builder.AddParameter(ParameterName, given, secret: true)
            : builder.AddParameter(ParameterName, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        if (builder.ExecutionContext.IsRunMode)
            builder.Eventing.Subscribe<AfterResourcesCreatedEvent>(async (e, cancellationToken) =>
            {
                var value = await key.Resource.GetValueAsync(cancellationToken);
                e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NeoLight.AppHost").LogInformation(
                    "Writes to the services need the API key (reads do not); in a shell: export {Variable}={Key} then "
                    + "curl … -H \"{Header}: ${Variable}\"", Variable, value, WireHeaders.ApiKey, Variable);
            });
        return key;
    }

    public static IResourceBuilder<T> WithApiKey<T>(this IResourceBuilder<T> builder, IResourceBuilder<ParameterResource> key)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(Variable, key).WithAnnotation(new ApiKeyAnnotation(key.Resource));

    /// <summary>The key <paramref name="resource"/> requires, or null when it was given none.</summary>
    public static async Task<string?> ApiKeyAsync(this IResource resource, CancellationToken cancellationToken = default) =>
        resource.TryGetLastAnnotation<ApiKeyAnnotation>(out var annotation) ? await annotation.Key.GetValueAsync(cancellationToken) : null;
}

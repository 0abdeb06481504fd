using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

public static class ApiReferenceExtensions
{
    /// <summary>
    /// A link in the Aspire dashboard to the service's API reference page (<c>/scalar</c>, served in Development, which is
    /// how the AppHost runs the services); the OpenAPI document itself is at <c>/openapi/v1.json</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiReference(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar", DisplayText = "API reference" });
}

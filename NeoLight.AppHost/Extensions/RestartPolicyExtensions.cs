using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Lifecycle;
using NeoLight.AppHost.Extensions;

namespace NeoLight.AppHost.Extensions;

public static class RestartPolicyExtensions
{
    /// <summary>
    /// Starts the resource again when its process exits without being asked to (a crash, an OOM kill,
    /// <c>kill -9</c>), with back-off; a crash loop leaves it FailedToStart with the exit code and its last
    /// output lines on the dashboard and in the terminal. Aspire itself never restarts an executable.
    /// </summary>
    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, RestartPolicy? policy = null)
        where T : IResource
    {
        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<RestartSupervisor>();
        return builder.WithAnnotation(new RestartPolicyAnnotation(policy ?? new RestartPolicy()),
            ResourceAnnotationMutationBehavior.Replace);
    }
}

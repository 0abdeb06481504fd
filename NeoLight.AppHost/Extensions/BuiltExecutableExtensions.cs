using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.Lifecycle;
using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

public static class BuiltExecutableExtensions
{
    /// <summary>
    /// Starts the project's built executable instead of wrapping it in <c>dotnet run --no-build</c>, through Aspire's own
    /// <see cref="ExecutableAnnotation"/>: its native build when that is current (<see cref="ServiceExecutable"/>; off with
    /// <c>AppHost:NativeServices=false</c>), else its JIT build. The process Aspire tracks is then the service itself: its pid,
    /// exit code and memory are the service's, a <c>kill -9</c> of it really ends the service (a killed <c>dotnet run</c>
    /// would orphan a service still holding its port), and each service saves the ~120 MB of a second .NET process. When no
    /// build output exists, Aspire's default launch is kept.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBuiltExecutable(this IResourceBuilder<ProjectResource> builder)
    {
        var project = builder.Resource.GetProjectMetadata().ProjectPath;
        var preferNative = builder.ApplicationBuilder.Configuration.GetValue(ServiceExecutable.NativeSetting, true);
        if (ServiceExecutable.Choose(project, ServiceExecutable.Configuration, preferNative) is not { } executable) return builder;
        var native = executable == ServiceExecutable.NativePath(project);
        // A native build runs in its own folder (its settings are published beside it); a JIT build in its project's.
        var directory = Path.GetDirectoryName(native ? executable : project)!;
        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<BuiltExecutableReport>();
        return builder.WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = directory },
                ResourceAnnotationMutationBehavior.Replace)
            .WithAnnotation(new BuiltExecutableAnnotation(native));
    }
}

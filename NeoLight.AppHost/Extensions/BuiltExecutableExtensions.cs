using Aspire.Hosting;
using System.Reflection;
using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

public static class BuiltExecutableExtensions
{
    /// <summary>
    /// Starts the project's built executable (bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;name&gt;) instead of wrapping it in
    /// <c>dotnet run --no-build</c>, through Aspire's own <see cref="ExecutableAnnotation"/>. The process Aspire tracks
    /// is then the service itself: its pid, exit code and memory are the service's, a <c>kill -9</c> of it really
    /// ends the service (a killed <c>dotnet run</c> would orphan a service still holding its port), and each service
    /// saves the ~120 MB of a second .NET process. When the build output is missing, Aspire's default launch is kept.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBuiltExecutable(this IResourceBuilder<ProjectResource> builder,
        string targetFramework = "net10.0")
    {
        var project = builder.Resource.GetProjectMetadata().ProjectPath;
        var directory = Path.GetDirectoryName(project)!;
        var configuration = typeof(BuiltExecutableExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? "Debug";
        var output = Path.Combine(directory, "bin", configuration, targetFramework);
        var executable = Path.Combine(output, Path.GetFileNameWithoutExtension(project) + (OperatingSystem.IsWindows() ? ".exe" : ""));
        return File.Exists(executable)
            ? builder.WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = directory },
                ResourceAnnotationMutationBehavior.Replace)
            : builder;
    }
}

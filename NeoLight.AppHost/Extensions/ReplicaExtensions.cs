using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

public static class ReplicaExtensions
{
    /// <summary>
    /// Aspire's <c>WithReplicas</c> (several processes behind the resource's one endpoint), and the count written into the
    /// published manifest as <c>"replicas"</c> — Aspire's own project entry has no field for it, so a deployment could
    /// not tell one replica from several. The entry is otherwise what Aspire writes: path, args, env, bindings.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSharedReplicas(this IResourceBuilder<ProjectResource> builder, int replicas) =>
        builder.WithReplicas(replicas).WithAnnotation(new ManifestPublishingCallbackAnnotation(async context =>
        {
            var project = builder.Resource;
            context.Writer.WriteString("type", "project.v0");
            context.Writer.WriteString("path", context.GetManifestRelativePath(project.GetProjectMetadata().ProjectPath));
            context.Writer.WriteNumber("replicas", replicas);
            await context.WriteCommandLineArgumentsAsync(project);
            await context.WriteEnvironmentVariablesAsync(project);
            context.WriteBindings(project);
        }), ResourceAnnotationMutationBehavior.Replace);
}

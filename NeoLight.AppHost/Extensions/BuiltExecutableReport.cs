using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Logging;

namespace NeoLight.AppHost.Extensions;

/// <summary>Which build <see cref="BuiltExecutableExtensions.WithBuiltExecutable"/> chose for a resource.</summary>
public sealed record BuiltExecutableAnnotation(bool Native) : IResourceAnnotation;

/// <summary>
/// One line in the terminal at start saying which services run their native build and which their JIT build, and when a
/// native one is passed over: what runs should not be a guess.
/// </summary>
internal sealed partial class BuiltExecutableReport(ILogger<BuiltExecutableReport> logger) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
            eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                var chosen = e.Model.Resources
                    .Select(r => (r.Name, Build: r.Annotations.OfType<BuiltExecutableAnnotation>().LastOrDefault()))
                    .Where(r => r.Build is not null).ToList();
                var native = chosen.Where(r => r.Build!.Native).Select(r => r.Name).ToList();
                var jit = chosen.Where(r => !r.Build!.Native).Select(r => r.Name).ToList();
                LogBuilds(logger, native.Count == 0 ? "none" : string.Join(", ", native), jit.Count == 0 ? "none" : string.Join(", ", jit));
                return Task.CompletedTask;
            });
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Native builds (artifacts/native/): {Native}; JIT builds: {Jit}. "
        + "A native build runs only while it is as new as its JIT build (`dotnet build NeoLight.AppHost` publishes it).")]
    private static partial void LogBuilds(ILogger logger, string native, string jit);
}

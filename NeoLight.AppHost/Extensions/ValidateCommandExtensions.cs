using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeoLight.AppHost.Validation;
using NeoLight.Validation;

namespace NeoLight.AppHost.Extensions;

public static class ValidateCommandExtensions
{
    public const string CommandName = "validate";

    /// <summary>
    /// A "Validate" command on the resource's row of the Aspire dashboard: runs the validation suite (health, the
    /// contract, a short read-and-vet load, memory) against the running system and writes the report to this
    /// resource's console log. The load leaves out writes, so a person's data gets no test snapshots.
    /// </summary>
    public static IResourceBuilder<T> WithValidateCommand<T>(this IResourceBuilder<T> builder, ValidationOptions? options = null)
        where T : IResource
    {
        var run = options ?? new ValidationOptions { Requests = 200, Concurrency = 10, ReportPath = null, LoadWrites = false };
        return builder.WithCommand(CommandName, "Validate", async context =>
        {
            var logger = context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(context.ResourceName);
            using var output = new LoggerWriter(logger);
            var targets = await RunningSystem.TargetsAsync(context.Services, cancellationToken: context.CancellationToken);
            var report = await ValidationRun.RunAsync(targets, "running", run, output, context.CancellationToken);
            output.Flush();
            return report.Passed
                ? CommandResults.Success()
                : CommandResults.Failure($"{report.Failures.Count} problem(s): {string.Join("; ", report.Failures.Take(3))}");
        }, new CommandOptions
        {
            Description = "Check health, the API contract, latency and memory of the running system; the report goes to this console log.",
            IconName = "CheckmarkCircle",
            UpdateState = context => context.ResourceSnapshot.HealthStatus
                == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
    }

    /// <summary>Turns the report's lines into log lines of the resource.</summary>
    private sealed class LoggerWriter(ILogger logger) : StringWriter
    {
        public override void Flush()
        {
            var text = GetStringBuilder().ToString();
            var end = text.LastIndexOf('\n');
            if (end < 0) return;
            foreach (var line in text[..end].Split('\n')) logger.LogInformation("{Line}", line.TrimEnd('\r'));
            GetStringBuilder().Remove(0, end + 1);
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && GetStringBuilder().Length > 0) logger.LogInformation("{Line}", GetStringBuilder().ToString());
            base.Dispose(disposing);
        }
    }
}

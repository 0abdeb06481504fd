using NeoLight.AppHost.Extensions;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

using NeoLight.Validation;

namespace NeoLight.AppHost.Validation;

/// <summary>
/// <c>dotnet run --project NeoLight.AppHost -- validate [options]</c>: starts the system through Aspire on free
/// ports with a throw-away state folder (a person's own data is never touched), waits for every resource to be
/// healthy, validates it, stops it and exits 0 (passed) or 1. With <c>--target NAME=URL</c> it starts nothing and
/// validates what already runs there.
/// </summary>
internal sealed class ValidateCommand(ValidationOptions options)
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"neolight-validate-{Guid.NewGuid():N}");

    public ValidationOptions Options { get; } = options;

    /// <summary>
    /// The command when <paramref name="args"/> asks for it, else null. <c>--help</c> prints the options and sets
    /// <paramref name="exitCode"/> to 0; bad options print what is wrong and set it to 2: the caller returns it, nothing runs.
    /// </summary>
    public static ValidateCommand? Parse(string[] args, out int? exitCode)
    {
        exitCode = null;
        if (!ValidateCli.IsRequested(args)) return null;
        var cli = new ValidateCli();
        var parsed = cli.Parse(args);
        if (parsed.Errors.Count == 0
            && parsed.Action is not System.CommandLine.Help.HelpAction) return new ValidateCommand(cli.Read(parsed));
        // The parser's own action prints the help, or the errors followed by the help, and gives the exit code.
        var exit = parsed.Invoke();
        exitCode = parsed.Errors.Count == 0 ? 0 : Math.Max(2, exit);
        return null;
    }

    public DistributedApplicationOptions BuilderOptions(string[] args) => new()
    {
        // Configuration switches (--Resources:x:Port=…) still apply; the validate options are ours alone.
        Args = [.. args.Where(a => a.Contains(':') && a.StartsWith("--", StringComparison.Ordinal)),
            $"--AppHost:StateDirectory={_stateDirectory}", "--DcpPublisher:RandomizePorts=true"],
        DisableDashboard = true,
    };

    public async Task<int> RunAsync(DistributedApplication app)
    {
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupted.Cancel(); };
        try
        {
            if (Options.Targets.Count > 0)
            {
                // Services started elsewhere: their key, if they have one, from this process's environment.
                var key = Environment.GetEnvironmentVariable(ApiKeyExtensions.Variable) is { Length: > 0 } k ? k : null;
                var given = Options.Targets.Select(t => new ValidationTarget(t.Key, t.Value) { ApiKey = key }).ToList();
                var only = await ValidationRun.RunAsync(given, "target", Options, Console.Out, interrupted.Token);
                return only.Passed ? 0 : 1;
            }

            var clock = Stopwatch.StartNew();
            await app.StartAsync(interrupted.Token);
            var healthy = await WaitForAllHealthyAsync(app, clock, interrupted.Token);
            var targets = await RunningSystem.TargetsAsync(app.Services, healthy, interrupted.Token);
            var report = await ValidationRun.RunAsync(targets, "started", Options, Console.Out, interrupted.Token);
            return report.Passed ? 0 : 1;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            Console.Error.WriteLine("validate: interrupted");
            return 130;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await DeleteStateAsync();
        }
    }

    private static async Task<Dictionary<string, double>> WaitForAllHealthyAsync(DistributedApplication app, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var projects = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(120));
        var waits = projects.Select(async p =>
        {
            await notifications.WaitForResourceHealthyAsync(p.Name, deadline.Token);
            return (p.Name, Seconds: Math.Round(clock.Elapsed.TotalSeconds, 2));
        });
        return (await Task.WhenAll(waits)).ToDictionary(x => x.Name, x => x.Seconds);
    }

    /// <summary>
    /// The throw-away state folder goes; a process still stopping may write one last file into it (a journal, a WAL), so a
    /// few tries, and a folder that will not go is named rather than failing a run that passed.
    /// </summary>
    private async Task DeleteStateAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(_stateDirectory, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 10)
            {
                await Task.Delay(300);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"validate: the state folder {_stateDirectory} was left behind: {ex.Message}");
                return;
            }
        }
    }
}

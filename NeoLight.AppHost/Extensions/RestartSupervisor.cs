using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NeoLight.AppHost.Extensions;

/// <summary>
/// Watches Aspire's resource notifications and restarts, through Aspire's own start command, every instance of a
/// resource with a <see cref="RestartPolicyAnnotation"/> whose process finished on its own. A process DCP stops on
/// request (the dashboard's Stop, shutdown) goes Stopping → Finished (or Terminated); one that ends by itself goes
/// Running → Finished: only that one is restarted.
/// </summary>
internal sealed partial class RestartSupervisor(ResourceNotificationService notifications, ResourceCommandService commands,
    ResourceLoggerService resourceLogs, IHostApplicationLifetime lifetime, ILogger<RestartSupervisor> logger)
    : IDistributedApplicationEventingSubscriber
{
    private const int TailLines = 8;

    private readonly ConcurrentDictionary<string, Instance> _instances = new();

    private sealed class Instance
    {
        public string? State;
        public readonly List<DateTimeOffset> Exits = [];
        public int Restarts;
        public string? FailureReason;
        public readonly Queue<string> Tail = new();
    }

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
            eventing.Subscribe<BeforeStartEvent>((_, _) =>
            {
                _ = Task.Run(() => WatchAsync(lifetime.ApplicationStopping), CancellationToken.None);
                return Task.CompletedTask;
            });
        return Task.CompletedTask;
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(stopping))
            {
                if (!e.Resource.TryGetLastAnnotation<RestartPolicyAnnotation>(out var annotation)) continue;
                var isNew = false;
                var instance = _instances.GetOrAdd(e.ResourceId, _ => { isNew = true; return new Instance(); });
                if (isNew) _ = Task.Run(() => FollowOutputAsync(e.ResourceId, instance, stopping), CancellationToken.None);

                var state = e.Snapshot.State?.Text;
                if (string.IsNullOrEmpty(state)) continue; // a snapshot between states says nothing about how it ended
                var previous = instance.State;
                instance.State = state;
                if (state == KnownResourceStates.Starting && instance.FailureReason is not null)
                {
                    // Started again by hand after a crash loop: give it a fresh budget.
                    lock (instance) instance.Exits.Clear();
                    instance.FailureReason = null;
                }
                if (state != KnownResourceStates.Finished) continue;
                if (instance.FailureReason is { } reason)
                {
                    // A later update from DCP must not hide the crash loop behind a plain "Finished".
                    await MarkFailedAsync(e, reason, stopping);
                    continue;
                }
                // Finished straight after Stopping is a stop someone asked for (the dashboard's Stop, shutdown): DCP
                // sends SIGTERM and the service ends cleanly. Only a process that ended by itself is restarted.
                if (previous is not null && (previous == KnownResourceStates.Finished
                    || previous == KnownResourceStates.Stopping)) continue;
                _ = Task.Run(() => OnExitedAsync(e, instance, annotation.Policy, stopping), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task OnExitedAsync(ResourceEvent e, Instance instance, RestartPolicy policy, CancellationToken stopping)
    {
        var now = DateTimeOffset.UtcNow;
        int recent;
        bool crashLoop;
        lock (instance)
        {
            instance.Exits.Add(now);
            instance.Exits.RemoveAll(x => now - x > policy.CrashLoopWindow);
            recent = instance.Exits.Count;
            crashLoop = policy.IsCrashLoop(instance.Exits, now);
        }
        var resourceLogger = resourceLogs.GetLogger(e.ResourceId);
        if (crashLoop)
        {
            var reason = instance.FailureReason = Reason(e, instance, policy);
            LogCrashLoop(logger, e.ResourceId, reason);
            LogCrashLoop(resourceLogger, e.ResourceId, reason);
            await MarkFailedAsync(e, reason, stopping);
            return;
        }

        var restart = Interlocked.Increment(ref instance.Restarts);
        var delay = policy.DelayBeforeRestart(recent);
        LogRestarting(logger, e.ResourceId, e.Snapshot.ExitCode, delay.TotalSeconds, restart);
        LogRestarting(resourceLogger, e.ResourceId, e.Snapshot.ExitCode, delay.TotalSeconds, restart);
        try
        {
            await Task.Delay(delay, stopping);
            // Someone may have started (or stopped) it meanwhile: only a still-finished instance is started.
            if (instance.State != KnownResourceStates.Finished) return;
            await notifications.PublishUpdateAsync(e.Resource, e.ResourceId, s => s with
            {
                Properties = s.Properties.With(ResourceProperties.Restarts, restart),
            });
            var result = await commands.ExecuteCommandAsync(e.ResourceId, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success) LogRestartFailed(logger, e.ResourceId, result.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private string Reason(ResourceEvent e, Instance instance, RestartPolicy policy)
    {
        string[] tail;
        lock (instance.Tail) tail = [.. instance.Tail];
        var output = tail.Length == 0 ? "no output" : "last output:\n  " + string.Join("\n  ", tail);
        return $"crash loop: {policy.CrashLoopExits} exits within {policy.CrashLoopWindow.TotalSeconds:0} s, not restarted again; " +
               $"last exit code {e.Snapshot.ExitCode?.ToString() ?? "unknown"}; {output}";
    }

    private Task MarkFailedAsync(ResourceEvent e, string reason, CancellationToken stopping) =>
        stopping.IsCancellationRequested ? Task.CompletedTask : notifications.PublishUpdateAsync(e.Resource, e.ResourceId, s => s with
        {
            State = new ResourceStateSnapshot(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
            Properties = s.Properties.With(ResourceProperties.Failure, reason),
        });

    /// <summary>Keeps the last few lines each instance printed, for the crash-loop reason.</summary>
    private async Task FollowOutputAsync(string resourceId, Instance instance, CancellationToken stopping)
    {
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(resourceId).WithCancellation(stopping))
            {
                lock (instance.Tail)
                {
                    foreach (var line in batch)
                    {
                        if (line.Content.StartsWith("[neolight]", StringComparison.Ordinal)) continue; // our own notes
                        instance.Tail.Enqueue(line.Content.Length > 300 ? line.Content[..300] + "…" : line.Content);
                        while (instance.Tail.Count > TailLines) instance.Tail.Dequeue();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "[neolight] {Resource} exited (exit code {ExitCode}); restarting in {DelaySeconds} s (restart {Restart}).")]
    private static partial void LogRestarting(ILogger logger, string resource, int? exitCode, double delaySeconds, int restart);

    [LoggerMessage(Level = LogLevel.Error, Message = "[neolight] {Resource}: {Reason}")]
    private static partial void LogCrashLoop(ILogger logger, string resource, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "[neolight] {Resource} could not be restarted: {Message}")]
    private static partial void LogRestartFailed(ILogger logger, string resource, string? message);
}

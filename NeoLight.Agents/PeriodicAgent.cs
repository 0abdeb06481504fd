namespace NeoLight.Agents;

/// <summary>
/// An agent that does one round now and then every <see cref="Interval"/>: a failed round is logged and
/// the next one runs on time (the peers' breakers decide when calls are tried again).
/// </summary>
public abstract partial class PeriodicAgent(ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    public abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(ex, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Agent} round failed")]
    private partial void LogRoundFailed(Exception ex, string agent);
}

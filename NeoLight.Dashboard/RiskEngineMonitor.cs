using System.Net.Http.Json;
using NeoLight.Contracts;

namespace NeoLight.Dashboard;

/// <summary>What the dashboard last learned from the risk engine, and when.</summary>
public sealed record RiskEngineReading(string Status, RiskStateResponse? State, DateTimeOffset? CheckedAt, string? Error)
{
    public static readonly RiskEngineReading Unknown = new("unknown", null, null, "not asked yet");
}

/// <summary>
/// Polls the risk engine's state (found by service discovery as <c>http://risk-engine</c>) every few
/// seconds so that pages and /status never wait on it, and say plainly when it cannot be reached.
/// </summary>
public sealed partial class RiskEngineMonitor(IHttpClientFactory clients, DashboardOptions options, TimeProvider time,
    ILogger<RiskEngineMonitor> logger) : BackgroundService
{
    public const string ClientName = "risk-engine";

    public RiskEngineReading Current { get; private set; } = RiskEngineReading.Unknown;
    public event Action? Changed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RiskRefresh, time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var previous = Current.Status;
        try
        {
            var client = clients.CreateClient(ClientName);
            var state = await client.GetFromJsonAsync("/risk/state", NeoLightJsonContext.Default.RiskStateResponse, cancellationToken);
            Current = new RiskEngineReading("ok", state, time.GetUtcNow(), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure to learn the state (refused, timed out, breaker open, not discoverable, bad body) means "unreachable".
            Current = Current with { Status = "unreachable", CheckedAt = time.GetUtcNow(), Error = ex.Message };
            if (previous != "unreachable") LogUnreachable(ex.Message);
        }
        Changed?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk engine unreachable: {Reason}")]
    private partial void LogUnreachable(string reason);
}

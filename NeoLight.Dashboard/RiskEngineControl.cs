using System.Net.Http.Json;
using NeoLight.Contracts;

namespace NeoLight.Dashboard;

/// <summary>
/// What the page may ask of the risk engine: halt or resume trading. Sent from the server (the browser never holds the API key)
/// with the dashboard's own client, which carries <c>X-Api-Key</c> when NEOLIGHT_API_KEY is set.
/// </summary>
public sealed class RiskEngineControl(IHttpClientFactory clients, RiskEngineMonitor monitor)
{
    public async Task<(bool Done, string Message)> SetKillSwitchAsync(bool halted, string reason, CancellationToken cancellationToken)
    {
        var request = new KillSwitchRequest { Halted = halted, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() };
        try
        {
            var client = clients.CreateClient(RiskEngineMonitor.ClientName);
            using var response = await client.PostAsJsonAsync("/risk/kill-switch", request, NeoLightJsonContext.Default.KillSwitchRequest,
                cancellationToken);
            if (!response.IsSuccessStatusCode)
                return (false,
                    $"The risk engine refused: HTTP {(int)response.StatusCode} "
                    + await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (false, $"The risk engine could not be reached: {ex.Message}. Nothing changed.");
        }
        await monitor.RefreshAsync(cancellationToken);
        return (true, halted ? "Trading halted on every risk-engine replica." : "Trading resumed.");
    }
}

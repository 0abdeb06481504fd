using System.Net.Http.Json;
using System.Text.Json;
using NeoLight.Contracts;

namespace NeoLight.Dashboard;

/// <summary>
/// How a kill-switch request ended: done, or the status the page is answered with (the engine's own 4xx for a bad request,
/// 502 when it refused the dashboard's key, 503 when it could not be reached) and why, naming the field when one is to blame.
/// </summary>
public sealed record KillSwitchOutcome(bool Done, int Status, string Message, string? Field = null);

/// <summary>
/// What the page may ask of the risk engine: halt or resume trading. Sent from the server (the browser never holds the API key)
/// with the dashboard's own client, which carries <c>X-Api-Key</c> when NEOLIGHT_API_KEY is set. The engine checks the request
/// (one set of rules): its 400 naming a field is passed on as it is.
/// </summary>
public sealed class RiskEngineControl(IHttpClientFactory clients, RiskEngineMonitor monitor)
{
    public async Task<KillSwitchOutcome> SetKillSwitchAsync(KillSwitchRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var client = clients.CreateClient(RiskEngineMonitor.ClientName);
            using var response = await client.PostAsJsonAsync("/risk/kill-switch", request, NeoLightJsonContext.Default.KillSwitchRequest,
                cancellationToken);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var (detail, field) = await ProblemOfAsync(response, cancellationToken);
                return status switch
                {
                    401 or 403 => new(false, StatusCodes.Status502BadGateway,
                        $"The risk engine refused the dashboard's API key (HTTP {status}): is NEOLIGHT_API_KEY the same for both? "
                        + "Nothing changed.", "NEOLIGHT_API_KEY"),
                    >= 400 and < 500 => new(false, status, detail ?? $"The risk engine refused the request (HTTP {status}).", field),
                    _ => new(false, StatusCodes.Status503ServiceUnavailable,
                        $"The risk engine failed (HTTP {status}): {detail ?? "no detail"}. Nothing changed.", "risk-engine"),
                };
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new(false, StatusCodes.Status503ServiceUnavailable,
                $"The risk engine could not be reached: {ex.Message.TrimEnd('.')}. Nothing changed.", "risk-engine");
        }
        await monitor.RefreshAsync(cancellationToken);
        return new(true, StatusCodes.Status200OK,
            request.Halted == true ? "Trading halted on every risk-engine replica." : "Trading resumed.");
    }

    /// <summary>The <c>detail</c> and <c>field</c> of the engine's problem+json, when its answer is one.</summary>
    private static async Task<(string? Detail, string? Field)> ProblemOfAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = problem.RootElement;
            return root.ValueKind != JsonValueKind.Object ? (null, null)
                : (Text(root, "detail"), Text(root, "field"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

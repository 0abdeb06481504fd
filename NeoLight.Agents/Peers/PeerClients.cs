using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Http.Resilience;

namespace NeoLight.Agents.Peers;

/// <summary>
/// A peer's circuit breaker as the agents report it (CLOSED, OPEN, HALF_OPEN): set by the standard
/// resilience handler's own breaker callbacks, so it is Polly's state, not a guess.
/// </summary>
public sealed class PeerBreaker(string peer)
{
    public string Peer { get; } = peer;
    public string State { get; private set; } = "CLOSED";
    public string? LastError { get; private set; }
    public DateTimeOffset? ChangedAt { get; private set; }

    internal void Set(string state, string? error = null)
    {
        State = state;
        LastError = error ?? LastError;
        ChangedAt = DateTimeOffset.UtcNow;
    }

    internal void Failed(string error) => LastError = error;
}

/// <summary>The dashboard and the risk engine as named HttpClients, found by service discovery.</summary>
public static class PeerClients
{
    public const string Dashboard = "dashboard";
    public const string RiskEngine = "risk-engine";
    public const string Trader = "trader";

    public static IServiceCollection AddPeers(this IServiceCollection services, IConfiguration configuration)
    {
        Add(services, Dashboard, configuration["NEOLIGHT_DASHBOARD_URL"] ?? "http://dashboard");
        Add(services, RiskEngine, configuration["NEOLIGHT_RISK_ENGINE_URL"] ?? "http://risk-engine");
        Add(services, Trader, configuration["NEOLIGHT_TRADER_URL"] ?? "http://trader");
        return services;
    }

    private static void Add(IServiceCollection services, string name, string baseAddress)
    {
        var breaker = new PeerBreaker(name);
        services.AddKeyedSingleton(name, breaker);
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: replace the default handler with one tuned for a peer polled every second
        services.AddHttpClient(name, c => c.BaseAddress = new Uri(baseAddress))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
                o.Retry.MaxRetryAttempts = 1;
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
                o.CircuitBreaker.MinimumThroughput = 3;
                o.CircuitBreaker.FailureRatio = 0.5;
                o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(3);
                o.CircuitBreaker.OnOpened = args =>
                {
                    breaker.Set("OPEN", args.Outcome.Exception?.Message ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}");
                    return ValueTask.CompletedTask;
                };
                o.CircuitBreaker.OnHalfOpened = _ =>
                {
                    breaker.Set("HALF_OPEN");
                    return ValueTask.CompletedTask;
                };
                o.CircuitBreaker.OnClosed = _ =>
                {
                    breaker.Set("CLOSED");
                    return ValueTask.CompletedTask;
                };
            });
#pragma warning restore EXTEXP0001
    }
}

/// <summary>Calls to a peer that never throw: a failure (refused, timed out, breaker open, 5xx) is a null answer and is
/// remembered.</summary>
public sealed class Peer(HttpClient http, PeerBreaker breaker)
{
    public PeerBreaker Breaker => breaker;

    public async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await http.GetFromJsonAsync(path, type, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            breaker.Failed(ex.Message);
            return null;
        }
    }

    public async Task<TResponse?> PostAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) where TResponse : class
    {
        try
        {
            using var response = await http.PostAsJsonAsync(path, body, requestType, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                breaker.Failed($"{path}: HTTP {(int)response.StatusCode}");
                return null;
            }
            return await response.Content.ReadFromJsonAsync(responseType, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            breaker.Failed(ex.Message);
            return null;
        }
    }

    public static Peer Create(IServiceProvider services, string name) =>
        new(services.GetRequiredService<IHttpClientFactory>().CreateClient(name), services.GetRequiredKeyedService<PeerBreaker>(name));
}

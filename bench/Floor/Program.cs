using System.Text.Json.Serialization;

// The floor: what ASP.NET Core itself costs for POST /risk/evaluate — the slim builder, source-generated JSON and the
// original's constant-volatility arithmetic (../shared/anchors/go-risk), no logging, no telemetry, no checks — and for
// POST /meta/metrics: the body parsed and a receipt answered, nothing checked and nothing stored.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FloorJson.Default));
var app = builder.Build();

app.MapGet("/health", () => new FloorHealth("ok"));
app.MapPost("/risk/evaluate", (FloorRequest request) =>
{
    var confidence = request.Confidence ?? 0.99;
    double total = 0, gross = 0;
    foreach (var p in request.Positions ?? [])
    {
        var value = p.Quantity * p.Price;
        total += value;
        gross += Math.Abs(value);
    }
    var z = confidence >= 0.99 ? 2.33 : confidence >= 0.95 ? 1.65 : 1.28;
    var answer = new FloorResponse { Timestamp = DateTimeOffset.UtcNow };
    if (request.PortfolioValue > 0 && request.Positions is { Length: > 0 })
    {
        answer.ValueAtRisk = z * 0.02 * total;
        answer.ConditionalVar = answer.ValueAtRisk * 1.3;
        answer.Exposure = gross / request.PortfolioValue;
        answer.Drawdown = Math.Max(0, (request.PortfolioValue - total) / request.PortfolioValue * 100);
    }
    return answer;
});
app.MapPost("/meta/metrics", async (HttpRequest request) =>
{
    using var snapshot = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
    return new FloorReceipt("stored", 1, 0, DateTimeOffset.UtcNow);
});
app.Run();

internal sealed record FloorHealth(string Status);
internal sealed record FloorReceipt(string Status, int Stored, int Duplicates, DateTimeOffset Timestamp);
internal sealed record FloorPosition(string Symbol, double Quantity, double Price);
internal sealed record FloorRequest(FloorPosition[]? Positions, double PortfolioValue, double? Confidence);

internal sealed class FloorResponse
{
    public double ValueAtRisk { get; set; }
    public double ConditionalVar { get; set; }
    public double Drawdown { get; set; }
    public double Exposure { get; set; }
    public DateTimeOffset Timestamp { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FloorRequest))]
[JsonSerializable(typeof(FloorResponse))]
[JsonSerializable(typeof(FloorHealth))]
[JsonSerializable(typeof(FloorReceipt))]
internal sealed partial class FloorJson : JsonSerializerContext;

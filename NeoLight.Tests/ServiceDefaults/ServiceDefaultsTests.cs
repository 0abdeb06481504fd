using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeoLight.Http;

namespace NeoLight.Tests.ServiceDefaults;

public class ServiceDefaultsTests
{
    private static async Task<WebApplication> StartAsync(Action<WebApplication> map, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        foreach (var (key, value) in settings ?? []) builder.Configuration[key] = value;
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults("Probe Service", "9.9.9", UptimeStyle.HoursMinutes);
        builder.AddHttpConventions("Probe Service", "9.9.9");
        var app = builder.Build();
        app.UseHttpConventions();
        map(app);
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_internals()
    {
        await using var app = await StartAsync(a => a.MapGet("/boom",
            string () => throw new InvalidOperationException("secret connection string")));
        var response = await app.GetTestClient().GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(500, body.GetProperty("code").GetInt32());
        Assert.Equal(body.GetProperty("detail").GetString(), body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await using var app = await StartAsync(a => a.MapPost("/only-post", () => "ok"));
        var response = await app.GetTestClient().GetAsync("/only-post");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(405, body.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Health_names_the_service_and_reports_uptime_in_its_style()
    {
        await using var app = await StartAsync(_ => { });
        var body = JsonDocument.Parse(await app.GetTestClient().GetStringAsync("/health")).RootElement;
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("Probe Service", body.GetProperty("service").GetString());
        Assert.Equal("9.9.9", body.GetProperty("version").GetString());
        Assert.Matches("^[0-9]+h[0-9]+m$", body.GetProperty("uptime").GetString());
    }

    [Fact]
    public async Task Logs_are_json_lines_on_the_console_and_in_LOG_PATH()
    {
        var path = Path.Combine(Path.GetTempPath(), $"neolight-log-{Guid.NewGuid():N}", "service.log");
        try
        {
            await using (var app = await StartAsync(a => a.MapGet("/log", (ILogger<ServiceDefaultsTests> log) =>
            {
                log.LogWarning("Order {OrderId} rejected", 42);
                return "ok";
            }), new() { ["LOG_PATH"] = path }))
            {
                await app.GetTestClient().GetStringAsync("/log");
            }
            var line = File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement)
                .Single(e => e.GetProperty("message").GetString() == "Order 42 rejected");
            Assert.Equal("Warning", line.GetProperty("level").GetString());
            Assert.Equal(typeof(ServiceDefaultsTests).FullName, line.GetProperty("category").GetString());
            Assert.Equal("42", line.GetProperty("attributes").GetProperty("OrderId").GetString());
            Assert.True(DateTimeOffset.TryParse(line.GetProperty("timestamp").GetString(), out _));
            Assert.Equal(32, line.GetProperty("trace_id").GetString()!.Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Problems_name_the_field_in_detail_and_field()
    {
        var problem = ApiProblem.Invalid("positions[2].price", "must be greater than 0");
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("positions[2].price: must be greater than 0", problem.ProblemDetails.Detail);
        Assert.Equal("positions[2].price", problem.ProblemDetails.Extensions["field"]);
    }
}

public class JsonFailurePathTests
{
    [Theory]
    [InlineData("""{"per_agent":{"momentum":{"pnl_1d":NaN}}}""", "per_agent.momentum.pnl_1d")]
    [InlineData("""{"mode":""", "mode")]
    [InlineData("""{"decisions":[{"agent":"a"},{"agent":"b","pnl":x}]}""", "decisions[1].pnl")]
    [InlineData("""[1,2,oops]""", "[2]")]
    [InlineData("""{"a":1,"b":[1,{"c":2}],"d":tru}""", "d")]
    [InlineData("""nope""", null)]
    public void Names_the_member_where_the_json_breaks(string json, string? expected) =>
        Assert.Equal(expected, JsonFailurePath.Find(System.Text.Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Valid_json_has_no_failure() =>
        Assert.Null(JsonFailurePath.Find("""{"a":[1,2,{"b":null}]}"""u8));
}

using System.Diagnostics;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.AppHost;

/// <summary>The deployable description: <c>--publisher manifest --Storage=postgres</c> names every service, its replicas, its environment
/// and the database.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class ManifestTests
{
    [Fact]
    public async Task The_manifest_describes_every_service_its_replicas_and_the_shared_database()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("manifest.json");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { BuiltService.AssemblyPath("NeoLight.AppHost"),
            "--publisher", "manifest", "--output-path", path, "--Storage=postgres" })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(process.ExitCode == 0, $"{await output}{error}");

        var resources = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("resources");
        foreach (var service in new[] { "dashboard", "risk-engine", "trader", "telemetry", "governor" })
            Assert.Equal("project.v0", resources.GetProperty(service).GetProperty("type").GetString());
        foreach (var shared in new[] { "dashboard", "risk-engine" })
        {
            var entry = resources.GetProperty(shared);
            Assert.Equal(2, entry.GetProperty("replicas").GetInt32());
            Assert.Equal("{neolight-db.connectionString}",
                entry.GetProperty("env").GetProperty("ConnectionStrings__neolight-db").GetString());
            Assert.True(entry.GetProperty("bindings").TryGetProperty("http", out _));
        }
        Assert.False(resources.GetProperty("trader").TryGetProperty("replicas", out _));
        Assert.Equal("container.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.Equal("value.v0", resources.GetProperty("neolight-db").GetProperty("type").GetString());
    }
}

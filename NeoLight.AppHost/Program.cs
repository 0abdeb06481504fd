using NeoLight.AppHost;

// Until the orchestration issue lands this AppHost starts the one finished service, the risk engine.
var port = int.TryParse(Environment.GetEnvironmentVariable("RISK_ENGINE_PORT"), out var p) ? p : 8300;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var risk = new ServiceProcess("risk-engine", ServiceCatalog.PathOf("NeoLight.RiskEngine"), port,
    new Dictionary<string, string> { ["RISK_ENGINE_PORT"] = port.ToString() });
try
{
    risk.Start();
    await risk.WaitHealthyAsync(TimeSpan.FromSeconds(30), stop.Token);
    Console.WriteLine($"NeoLight is up: risk-engine {risk.Url} (Ctrl+C stops it)");
    await risk.WaitForExitAsync(stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping.");
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
return 0;

using BenchmarkDotNet.Running;

// dotnet run -c Release --project NeoLight.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(NeoLight.Benchmarks.RiskModelBenchmarks).Assembly).Run(args);

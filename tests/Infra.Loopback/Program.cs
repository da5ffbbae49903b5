using System.Globalization;
using System.Runtime.InteropServices;
using Infra.Loopback;

// dotnet run --project tests/Infra.Loopback -- up [--replicas N]       run the topology until Ctrl-C
// dotnet run --project tests/Infra.Loopback -- bench [--replicas N] [--seconds N] [--rounds N]
// dotnet run --project tests/Infra.Loopback -- bench --ablate [--connections N] [--seconds N] [--rounds N]
var verb = args.FirstOrDefault();
var replicas = Option("--replicas", 3);
return verb switch
{
    "up" => await UpAsync(replicas),
    "bench" when args.Contains("--ablate") => await Ablation.RunAsync(replicas, Load.Test with
    {
        Connections = Option("--connections", 64),
        Duration = TimeSpan.FromSeconds(Option("--seconds", 5)),
    }, Option("--rounds", 3)),
    "bench" => await Bench.RunAsync(replicas, Load.Test with
    {
        Connections = Option("--connections", Load.Test.Connections),
        Duration = TimeSpan.FromSeconds(Option("--seconds", (int)Load.Test.Duration.TotalSeconds)),
    }, Option("--rounds", 4)),
    _ => Usage(),
};

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Infra.Loopback up [--replicas N] | bench [--replicas N] [--seconds N] [--rounds N] | bench --ablate [--connections N] [--seconds N] [--rounds N]");
    return 2;
}

static async Task<int> UpAsync(int replicas)
{
    await using var topology = await LoopbackTopology.StartAsync(new TopologyOptions { Replicas = replicas });
    var url = await Scenarios.TaskUrlAsync(topology);
    Console.WriteLine($"nginx (self-signed certificate, use curl -k): {topology.HttpsAddress}");
    Console.WriteLine($"  a task:         {url}");
    Console.WriteLine($"  redirect:       {topology.HttpAddress}");
    Console.WriteLine($"  status:         {topology.StatusAddress}stub_status");
    Console.WriteLine($"  access log:     {topology.Nginx.AccessLogPath}");
    Console.WriteLine($"  config:         {topology.Nginx.ConfigPath}");
    for (var i = 0; i < topology.Replicas.Count; i++)
    {
        Console.WriteLine($"app-{i + 1}: http://127.0.0.1:{topology.Replicas[i].Port}");
    }

    Console.WriteLine("Ctrl-C stops everything.");
    var stop = new TaskCompletionSource();
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    await stop.Task;
    return 0;
}

// Service Bus REST stand-in, standalone: dotnet ChatNetOps.ServiceBusStandIn.dll [--port N] [--queues jobs,results]
//   [--lock-duration 00:01:00] [--max-delivery-count 10]. Prints "Ready at http://127.0.0.1:N/" when listening.
// Documentation followed: see StandInEndpoints.cs and docs/azure-backends.md.
using System.Globalization;
using ChatNetOps.ServiceBusStandIn;

var port = 0;
var queues = new[] { "jobs", "results" };
var settings = new StandInQueueSettings();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--queues":
            queues = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
        case "--lock-duration":
            settings = settings with { LockDuration = TimeSpan.Parse(args[i + 1], CultureInfo.InvariantCulture) };
            break;
        case "--max-delivery-count":
            settings = settings with { MaxDeliveryCount = int.Parse(args[i + 1], CultureInfo.InvariantCulture) };
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

var broker = new StandInBroker();
foreach (var queue in queues)
{
    broker.CreateQueue(queue, settings);
}

await using var server = await StandInServer.StartAsync(port, broker);
Console.WriteLine($"Ready at {server.Endpoint}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;

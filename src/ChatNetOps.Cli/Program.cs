return await ChatNetOps.Cli.CliApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

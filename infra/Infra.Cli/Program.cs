using Infra.Cli;

return await Cli.InvokeAsync(args, Console.Out, Console.Error);

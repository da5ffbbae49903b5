using Infra.Cli;

return await Cli.Build().Parse(args).InvokeAsync();

using System.CommandLine;
using Infra.Cli;

var stack = new Option<string>("--stack") { Description = "Stack to plan (reads Pulumi.<stack>.yaml)", Required = true };
var output = new Option<DirectoryInfo?>("--out") { Description = "Directory to write the rendered files to" };
var project = new Option<DirectoryInfo>("--project") { Description = "Directory holding Pulumi.yaml", DefaultValueFactory = _ => new DirectoryInfo(".") };

var plan = new Command("plan", "Validate a stack, print its topology and write every rendered file") { stack, output, project };
plan.SetAction(result => PlanCommand.Run(
    result.GetValue(project)!, result.GetValue(stack)!, result.GetValue(output), Console.Out, Console.Error));

return new RootCommand("Infra: a web application in production on rented Linux servers") { plan }.Parse(args).Invoke();

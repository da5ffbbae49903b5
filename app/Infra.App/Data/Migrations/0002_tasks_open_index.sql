-- Lists of open tasks are the common query; a partial index keeps them cheap as done tasks pile up.
CREATE INDEX tasks_open_idx ON tasks (id) WHERE NOT done;

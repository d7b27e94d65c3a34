"""Reading an entry: the reader pane and its attachments."""

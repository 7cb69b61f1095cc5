"""Messages (komunikaty) and their channel variants; today only the channels' validation rules."""

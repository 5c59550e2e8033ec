print("chA")
